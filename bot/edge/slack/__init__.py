"""The Slack edge: the Bolt app, its listeners, the HTTP (Flask) and Socket Mode runners."""

"""Server-rendered pages for people outside Slack: ``GET /d/<id>`` (one development) and
``GET /d/`` (the list, and a search with the same engine as ``/pi``)."""

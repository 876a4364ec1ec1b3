"""The workspace's commands (the registry's ``workspace`` commands), one module each:
``subscribe`` (also the typed service the subscription builder calls), ``unsubscribe``,
``listing``, ``timezone``, ``calendar`` and ``export``; ``services`` holds what they share
and ``describe`` says subscriptions in plain words. ``bot.edge.delivery.subscriptions``
dispatches to them by the registry's names."""

from bot.edge.delivery.workspace_commands.services import Origin, Services
from bot.edge.delivery.workspace_commands.subscribe import Problem, Subscribed, subscribe

__all__ = ["Problem", "Services", "Subscribed", "Origin", "subscribe"]

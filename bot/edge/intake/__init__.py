"""Knowledge that comes in by itself: watched feeds and pages polled by the clock, and
newsletters e-mailed into the intake channel."""

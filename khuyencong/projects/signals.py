"""What the projects app tells the apps above it, which it must not import (docs/design: portal sits on top).

`project_moved` is sent once a step's transaction has committed (a step rolled back tells no one),
with `project` (as it is after the step), `step` (the name in lifecycle.STEPS), `event` (the
timeline row), `actor` and `reason`. The portal connects to it to tell the establishment.
"""

from django.dispatch import Signal

project_moved = Signal()

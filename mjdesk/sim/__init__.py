"""The built-in simulator of the mj-proxy API (server side): ``--demo``, the CLI's serve-sim, every test.

No Qt here, and Pillow is imported only when an image is drawn.
"""

from .server import Faults, LoggedRequest, SimConfig, Simulator, serve
from .tasks import MaskInfo, SimTask

__all__ = ["Faults", "LoggedRequest", "MaskInfo", "SimConfig", "SimTask", "Simulator", "serve"]

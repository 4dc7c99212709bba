"""The intermediate representation shared by the normalizer and the renderer."""

from generator.ir.model import *  # noqa: F401,F403
from generator.ir.model import TypeDef, TypeExpr  # noqa: F401
from generator.ir.dump import to_data, to_json  # noqa: F401

"""apportion: executable, explained rules for sharing a legal-malpractice loss.

>>> from apportion import assess, load_matter
>>> result = assess(load_matter("examples/musser-v-provencher.yaml"))
"""

from apportion.decide.assessment import Assessment, assess, relevant_questions
from apportion.io.load import InputError, load_matter

__all__ = ["Assessment", "InputError", "assess", "load_matter", "relevant_questions"]

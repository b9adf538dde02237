"""Quiz builder for trainers: checked questions with answer keys and citations.

``build_quiz`` generates items from the structured passages (no language model needed),
checks each against the passages of its scope, and ``export`` writes Moodle GIFT, Aiken, CSV
or JSON. The CLI (``regassist quiz``) and the UI call exactly these functions.
"""

from assistant.quiz.checks import Problem, check_item, check_quiz
from assistant.quiz.export import FORMATS, export
from assistant.quiz.generate import build_quiz
from assistant.quiz.model import TYPES, Basis, Quiz, QuizError, QuizItem, QuizStats

__all__ = [
    "FORMATS",
    "TYPES",
    "Basis",
    "Problem",
    "Quiz",
    "QuizError",
    "QuizItem",
    "QuizStats",
    "build_quiz",
    "check_item",
    "check_quiz",
    "export",
]

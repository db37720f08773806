"""Topics of stored events that name a module, from before topics were stable names.

Until the domain was cut by concept, a stored topic was `module:QualName` (for example
`domain.model.posts:Post.HolderAppointed`). Each old module is registered here as the module that
holds its classes now, so those events keep loading (`tests/golden/` holds one of each). Topics
written since are stable names (`assembly:Post.HolderAppointed`) that no move changes.
"""

from __future__ import annotations

import importlib

from eventsourcing.utils import register_topic

#: The module each class of a stored module-named topic lives in now.
MOVED_MODULES = {
    "domain.model.idempotency": "domain.application.idempotency",
    "domain.model.persons": "domain.composition.persons",
    "domain.model.bodies": "domain.composition.bodies",
    "domain.model.posts": "domain.composition.posts",
    "domain.model.sittings": "domain.sittings.sittings",
    "domain.model.decisions": "domain.sittings.decisions",
    "domain.model.documents": "domain.documents.policy",
    "domain.model.concept": "domain.documents.concept",
    "domain.model.awards": "domain.documents.awards",
    "domain.model.appeals": "domain.secretariat.petitions",
    "domain.model.action_plans": "domain.secretariat.action_plans",
    "domain.model.working_bodies": "domain.secretariat.working_bodies",
    "domain.model.regions": "domain.secretariat.regions",
    "domain.model.expert_council": "domain.expert_council.experts",
}


#: Aggregates that left the module their old topics name, with the module they are in now.
MOVED_CLASSES = {
    "domain.model.concept:ProgramDocument": "domain.documents.program",
}


def register_moved_modules() -> None:
    """Let every old module-named topic resolve to the class as it stands now."""
    for old, new in MOVED_MODULES.items():
        register_topic(old, importlib.import_module(new))
    for old_class, new in MOVED_CLASSES.items():
        name = old_class.partition(":")[2]
        register_topic(old_class, getattr(importlib.import_module(new), name))

"""Version of the engine's code; part of every result's ``rulebook_version``.

Bump the minor number when a criterion's logic changes, the major number when the contract changes.
"""

ENGINE_VERSION = "1.0.0"

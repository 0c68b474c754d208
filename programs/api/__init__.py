"""Programs API, one module per resource. Thin: resolve ids inside the actor's scope → service /
selector → serialize.

Ownership: a dancer logs only for themselves; a guardian reads (and may mark rest days and ask for an
evaluation); a teacher assigns only to their classes; the director anything in the studio. Ids in a
payload are resolved through `visible_dancers` / `visible_classes` / the studio's library, so a
foreign-studio or hidden id is the same 404 as an unknown one, and nothing is written.
"""

"""Form of the director's roster import page."""

from django import forms

from integrations.roster_parse import BAD_SOURCE, SOURCE_RE


class RosterUploadForm(forms.Form):
    file = forms.FileField(label="Roster file (CSV)")
    source = forms.RegexField(
        regex=SOURCE_RE,
        initial="csv",
        max_length=40,
        label="Source (the software the file comes from, e.g. mindbody, jackrabbit or csv)",
        error_messages={"invalid": BAD_SOURCE},
    )
    archive_missing = forms.BooleanField(required=False, label="Archive people missing from this file")

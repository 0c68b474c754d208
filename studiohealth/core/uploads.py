"""Upload handling that never writes more than CLIP_MAX_BYTES of a file to disk.

Django's default handler streams the whole body into a temporary file before any view runs, so a
10 GB "video" would fill the disk before the size check in screenings.services.clip_validate. This
handler stops writing at the cap but keeps counting, so the view still sees the real size and
answers 413 `too_large` (the reverse proxy's body limit is the first line; this is the second).
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler


class CappedTemporaryFileUploadHandler(TemporaryFileUploadHandler):
    def new_file(self, *args: object, **kwargs: object) -> None:
        super().new_file(*args, **kwargs)  # type: ignore[arg-type]
        self.received = 0
        self.over_cap = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > settings.CLIP_MAX_BYTES:
            if not self.over_cap:
                # Drop what was written: the file is refused anyway, free the disk now.
                self.file.seek(0)
                self.file.truncate()
                self.over_cap = True
            return None
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size: int) -> UploadedFile | None:
        # file_size is what the client sent (all of it counted), so the size check still refuses it.
        return super().file_complete(file_size)

-- 0021: the company's logo for customer-facing documents (issue 11: the
-- 技术答疑摘要 after a visit record).  The file lives under
-- Paths.Uploads/logo by a server-made random name (never the user's); its
-- type was checked by content (libmagic, PNG or JPEG only) and by decoding
-- it (gdk-pixbuf) before it was kept.  The company's name is company.name.
ALTER TABLE company
  ADD COLUMN logo_stored     CHAR(32)    NULL,
  ADD COLUMN logo_mime       VARCHAR(20) NULL,
  ADD COLUMN logo_updated_at DATETIME(6) NULL;

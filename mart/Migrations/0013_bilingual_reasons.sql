-- Reasons and messages people read are Vietnamese by default, with the English beside them for
-- tools and `--lang en`: `reason` and `message` hold the Vietnamese, `reason_en` and
-- `message_en` the English. Rows written before this migration were English only: they keep
-- their text in both columns rather than leave the English empty.
ALTER TABLE etl_reject ADD COLUMN IF NOT EXISTS reason_en VARCHAR;
UPDATE etl_reject SET reason_en = reason WHERE reason_en IS NULL;

ALTER TABLE etl_load ADD COLUMN IF NOT EXISTS message_en VARCHAR;
UPDATE etl_load SET message_en = message WHERE message_en IS NULL;

-- Issue 12: the "marketplace" message catalogue is part of "financing" now. A notification keeps the message key it
-- was written with (payload.key), so stored keys move with the catalogue; no table changes.
UPDATE `notifications` SET `payload` = json_set(`payload`, '$.key', 'financing:' || substr(json_extract(`payload`, '$.key'), 13)) WHERE json_valid(`payload`) AND json_extract(`payload`, '$.key') LIKE 'marketplace:%';

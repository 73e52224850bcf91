-- Issue 18: an institution's relationship managers (the contacts JSON on its profile) are chosen from its members
-- and carry the member's userId. Entries typed before as "name,title,phone,email" are matched to a member of the
-- same institution by e-mail, else by name, and take that member's userId, name and e-mail; an entry matching no
-- member is kept as it was (the profile form names it, and saving the form drops it). No table changes.
UPDATE `market_institution_profiles`
SET `contacts` = (
  SELECT json_group_array(json(CASE WHEN `u`.`id` IS NULL THEN `c`.`value` ELSE json_set(`c`.`value`, '$.userId', `u`.`id`, '$.name', `u`.`name`, '$.email', `u`.`email`) END))
  FROM json_each(`market_institution_profiles`.`contacts`) AS `c`
  LEFT JOIN `users` AS `u` ON `u`.`id` = (
    SELECT `u2`.`id` FROM `memberships` AS `ms` JOIN `users` AS `u2` ON `u2`.`id` = `ms`.`user_id`
    WHERE `ms`.`org_id` = `market_institution_profiles`.`org_id` AND `u2`.`disabled_at` IS NULL
      AND (lower(`u2`.`email`) = lower(trim(coalesce(json_extract(`c`.`value`, '$.email'), ''))) OR `u2`.`name` = trim(coalesce(json_extract(`c`.`value`, '$.name'), '')))
    ORDER BY lower(`u2`.`email`) = lower(trim(coalesce(json_extract(`c`.`value`, '$.email'), ''))) DESC, `u2`.`id`
    LIMIT 1
  )
)
WHERE json_valid(`contacts`) AND json_array_length(`contacts`) > 0 AND NOT EXISTS (
  SELECT 1 FROM json_each(`market_institution_profiles`.`contacts`) AS `done` WHERE json_extract(`done`.`value`, '$.userId') IS NOT NULL
);

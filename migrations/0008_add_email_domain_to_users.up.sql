-- flotilla:lock-timeout 5s
-- flotilla:statement-timeout 10m
-- The domain part of each user's e-mail, for single sign-on domain matching.
-- New column first, then a backfill from the existing addresses.
ALTER TABLE users ADD COLUMN email_domain text;

UPDATE users
   SET email_domain = lower(split_part(email, '@', 2))
 WHERE email_domain IS NULL
   AND position('@' IN email) > 0;

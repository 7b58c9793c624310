-- A person may hold several roles (an independent doctor is admin and doctor). `roles`
-- is the list, in role order; `role` stays as its first, for anything that reads one.
ALTER TABLE users ADD COLUMN roles text[];
UPDATE users SET roles = ARRAY[role];
ALTER TABLE users ALTER COLUMN roles SET NOT NULL;
ALTER TABLE users ADD CONSTRAINT users_roles_not_empty CHECK (cardinality(roles) >= 1);

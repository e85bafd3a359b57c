-- A refresh of a connection's tokens no longer holds the row lock while Fullscript answers (D76): a short
-- transaction claims the refresh with a lease, the OAuth call runs without any lock or transaction, and a second short
-- transaction stores the rotated pair. A node that dies mid-refresh leaves a lease that simply expires.
alter table fullscript_connection add column refresh_lease_until timestamp with time zone;

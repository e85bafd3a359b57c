-- The first stage counts a tenant's messages in flight (fair share, D84) every 250 ms, and looks for another message of a
-- patient in flight before answering it itself (D93). Without this index the tenant's count read every journal row of
-- the tenant (the unique index's tenant prefix): tens of thousands of rows in a busy week, in the one ordered consumer.
create index ix_message_journal_in_flight on message_journal (tenant, direction, state);

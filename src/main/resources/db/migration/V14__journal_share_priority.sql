-- The JMS priority the first stage gave an inbound message on its way to the per-patient stage (D84): 4 (JMS's
-- default) while its tenant has few messages in flight, lower while the tenant has a backlog. Only the lower one is
-- written (D81); null: the normal priority, older rows and outbound rows. The tenant's in-flight messages are its
-- RECEIVED rows, found through ix_message_journal_state.
alter table message_journal add column share_priority smallint;

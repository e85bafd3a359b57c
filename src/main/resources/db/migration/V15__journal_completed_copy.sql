-- The broker message (its JMSMessageID on ehr.inbound.accepted) whose processing completed the inbound message (D91).
-- A second-stage delivery that finds the message's idempotency key and carries this id is that same broker message
-- again: its answer may have been cut (the node or the broker died between the database commit and the JMS commit),
-- so it is answered again. An EHR's re-send comes through the first stage as a new broker message with a new id.
-- Null for outbound rows, for messages not completed, and for rows older than this column.
alter table message_journal add column completed_copy varchar(100);

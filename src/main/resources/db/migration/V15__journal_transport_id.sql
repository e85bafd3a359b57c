-- The JMS message id of the first-stage delivery that journalled an inbound message (D90): the broker's redelivery of
-- the same message has the same id, an EHR's re-send a new one.
alter table message_journal add column transport_id varchar(200);

-- Per-patient order under redelivery (decision D72). The first inbound stage stamps every message with a number from
-- bridge_ingress_seq (one sequence for every node, so numbers follow the order the first stage read the messages);
-- patient_applied_order keeps, per EHR patient, the number of the newest upsert applied in Fullscript, so an older
-- message that comes back later (a redelivery overtaken by a newer message of its group) is not applied over it.
create sequence bridge_ingress_seq;

create table patient_applied_order (
    tenant          varchar(64)              not null,
    ehr_patient_id  varchar(200)             not null,
    last_seq        bigint                   not null,
    applied_at      timestamp with time zone not null,
    constraint pk_patient_applied_order primary key (tenant, ehr_patient_id)
);

-- The bridge's copy of each cross-indexed patient's treatment plans (the EHR's patient-history page reads it),
-- filled by events and on demand. The plan itself is sealed (it names the patient's supplements); the hash tells
-- a changed plan from an unchanged one.
create table treatment_plan_copy (
    clinic_id              varchar(64)              not null,
    treatment_plan_id      varchar(64)              not null,
    fullscript_patient_id  varchar(64)              not null,
    state                  varchar(32),
    plan_enc               varchar(4000000)         not null,
    plan_hash              varchar(100)             not null,
    updated_at             timestamp with time zone not null,
    primary key (clinic_id, treatment_plan_id)
);
create index ix_plan_copy_patient on treatment_plan_copy (clinic_id, fullscript_patient_id);

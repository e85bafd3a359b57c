-- The clinic's name as Fullscript gave it at connect (GET /api/clinic), for the EHR's connection status
-- (GET /api/users/{ehrUserId}/connection): no call to Fullscript each time the EHR draws its buttons.
alter table fullscript_connection add column clinic_name varchar(255);

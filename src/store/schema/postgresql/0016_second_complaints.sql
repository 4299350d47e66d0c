-- 0016: second complaints (二次投诉): a complaint about the same matter as
-- an earlier one of the same customer names that earlier complaint.
--   second_of     the earlier complaint's id (NULL: not a second complaint);
--   second_of_no  its tracking number, kept beside the id so that lists show
--                 it without a lookup a row (tracking numbers never change).
ALTER TABLE complaints ADD COLUMN second_of BIGINT REFERENCES complaints(id);
ALTER TABLE complaints ADD COLUMN second_of_no TEXT;

-- the later second complaints of a complaint, for its page
CREATE INDEX complaints_second_of ON complaints(second_of, created_at)
	WHERE second_of IS NOT NULL;
-- the 二次投诉 queue: the open second complaints, newest first
CREATE INDEX complaints_second_open ON complaints(created_at)
	WHERE second_of IS NOT NULL AND status <> 'closed';
-- the earlier complaint about the same order or SKU of the same customer,
-- found at every registration without reading all of the customer's ones
CREATE INDEX complaints_customer_ref ON complaints(customer_id, object_ref, created_at)
	WHERE object_ref IS NOT NULL;

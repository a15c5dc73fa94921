-- What a ward's documents cite about the ward itself and that no review file carries: the unit
-- above it (printed in the letterhead, e.g. "thị xã Mỹ Hào"), the number and date of its plan
-- (cited by the appendix) and the recipients of its briefing ("Nơi nhận"). Set with
-- `disu settings --ward CODE --set KEY=VALUE`; a missing key prints a blank for the ward to fill in.
CREATE TABLE ward_setting (
    ward_code VARCHAR NOT NULL,
    key       VARCHAR NOT NULL,
    value     VARCHAR NOT NULL,
    PRIMARY KEY (ward_code, key)
);

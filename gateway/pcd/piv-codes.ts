// The application error codes of the IHE PCD Point-of-care Infusion Verification profile (PCD TF-2,
// use of the ERR segment in PIV): ERR-5 carries the code and its text in an application
// acknowledgement (RRG^O16) or a negative accept acknowledgement. Only the codes this gateway
// reports are listed; the numbers are the profile's.
export enum PivCode {
  UNKNOWN_INFUSER = 9001,
  INFUSER_INFUSING = 9002,
  MISSING_PARAMETER = 9003,
  INVALID_PARAMETER = 9004,
  OUTSIDE_RANGE = 9005,
  INFUSER_OFFLINE = 9007,
  INVALID_UNITS = 9008,
  UNITS_DO_NOT_MATCH_LIBRARY = 9009,
  NO_LIBRARY_MATCH = 9010,
  WEIGHT_MISMATCH = 9011,
  PATIENT_MISMATCH = 9012,
  NO_PIGGYBACK = 9013,
  REQUEST_TIMED_OUT = 9015,
  OTHER = 9016,
  CANNOT_ACCEPT = 9017,
  PARAMETER_DOES_NOT_MATCH_LIBRARY = 9018,
  WEIGHT_MISSING = 9019,
  CARE_AREA_MISMATCH = 9021,
  STALE = 9022,
  HARD_LIMIT = 9024,
  BSA_MISSING = 9027,
  PATIENT_ID_MISSING = 9031,
  PUMP_ALARMING = 9033,
}

export const PIV_TEXT: Readonly<Record<PivCode, string>> = {
  [PivCode.UNKNOWN_INFUSER]: "Unknown infuser or channel",
  [PivCode.INFUSER_INFUSING]: "Infuser/channel is currently infusing",
  [PivCode.MISSING_PARAMETER]: "Missing required program parameter(s)",
  [PivCode.INVALID_PARAMETER]: "Invalid program parameter(s)",
  [PivCode.OUTSIDE_RANGE]: "Parameter outside of allowable range",
  [PivCode.INFUSER_OFFLINE]: "Infuser is offline or unable to connect to infuser",
  [PivCode.INVALID_UNITS]: "Invalid units for parameter",
  [PivCode.UNITS_DO_NOT_MATCH_LIBRARY]: "Dose/Rate Units do not match drug library",
  [PivCode.NO_LIBRARY_MATCH]: "Unable to match medication to drug library",
  [PivCode.WEIGHT_MISMATCH]: "Patient weight mismatch",
  [PivCode.PATIENT_MISMATCH]: "Patient ID mismatch",
  [PivCode.NO_PIGGYBACK]: "Unable to program medication as piggyback",
  [PivCode.REQUEST_TIMED_OUT]: "Request timed out",
  [PivCode.OTHER]: "Other error",
  [PivCode.CANNOT_ACCEPT]: "Infuser cannot accept program",
  [PivCode.PARAMETER_DOES_NOT_MATCH_LIBRARY]: "Parameter does not match drug library",
  [PivCode.WEIGHT_MISSING]: "Patient weight missing",
  [PivCode.CARE_AREA_MISMATCH]: "Care area or profile mismatch",
  [PivCode.STALE]: "Requested infusion program is stale",
  [PivCode.HARD_LIMIT]: "Drug library hard limit exceeded",
  [PivCode.BSA_MISSING]: "Patient BSA missing",
  [PivCode.PATIENT_ID_MISSING]: "Patient ID missing or invalid",
  [PivCode.PUMP_ALARMING]: "Pump is alarming",
};

/** ERR-5 as the acknowledgement writer takes it. */
export const pivApplication = (code: PivCode): readonly [string, string] => [String(code), PIV_TEXT[code]];

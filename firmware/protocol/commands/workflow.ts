// Commands 0x0010–0x0022 (docs/workflow.md §8): payload shape here, the decision in firmware/workflow.
// A successful response is result OK, the state snapshot and, for commands that check a program,
// the engine result; a refusal is the 3-byte error payload and nothing changed.
import { RESULT_OFFSET, RESULT_SIZE, RESULT_SIZE_WITH_PCA } from "../../abi/codes";
import { pcaClinicianBolus, pcaRequest, programPca, writePcaStatus } from "../../workflow/pca";
import { acknowledgeAlarms, pause, resume, start, stop } from "../../workflow/infusion";
import { detailOf, refuse, resultOf } from "../../workflow/outcome";
import { silenceAlarms } from "../../workflow/silence";
import { setContainerVolume } from "../../workflow/reservoir";
import { reportFlow } from "../../workflow/flow";
import { motorRateUlPerHour } from "../../workflow/delivery";
import {
  cancel,
  overridePending,
  programBolus,
  programPrimary,
  programSecondary,
  programTitration,
} from "../../workflow/programming";
import {
  bsaClassification,
  selectBasicInfusion,
  selectCareArea,
  setPatientValues,
  weightClassification,
} from "../../workflow/selection";
import { writeSnapshot } from "../../workflow/snapshot";
import {
  BOLUS_PAYLOAD_SIZE,
  PCA_CLINICIAN_BOLUS_PAYLOAD_SIZE,
  PCA_PROGRAM_PAYLOAD_SIZE,
  PROGRAM_PAYLOAD_SIZE,
  PROGRAM_PAYLOAD_SIZE_SHORT,
  REPORT_FLOW_PAYLOAD_SIZE,
  SECONDARY_PAYLOAD_SIZE,
  SECONDARY_PAYLOAD_SIZE_SHORT,
  AGE_NOT_ENTERED,
  SET_CONTAINER_PAYLOAD_SIZE,
  SET_PATIENT_PAYLOAD_SIZE,
  SET_PATIENT_PAYLOAD_SIZE_WITHOUT_CONFIRMATION,
} from "../../abi/workflow-codes";
import { Command, ErrorDetail, Result, WORKFLOW_RESULT_AT, WORKFLOW_SNAPSHOT_AT } from "../../abi/protocol-codes";
import { writeError } from "./error";
import { readAdvisory, selectDrug } from "./select-drug";
import { autoProgram } from "./auto-program";

const NO_OUTCOME: u32 = 0xffffffff;
const NOT_A_WORKFLOW_COMMAND: u32 = 0xffffffff;

/** Response of a workflow command, or NOT_A_WORKFLOW_COMMAND for a code this table does not know. */
export function executeWorkflowCommand(code: u32, payload: usize, length: u32, out: usize): u32 {
  if (code == Command.SELECT_DRUG) return selectDrug(payload, length, out);
  if (code == Command.READ_ADVISORY) return readAdvisory(payload, length, out);
  if (code == Command.AUTO_PROGRAM) return autoProgram(payload, length, out);
  const expected = expectedLength(code, length);
  if (expected == NOT_A_WORKFLOW_COMMAND) return NOT_A_WORKFLOW_COMMAND;
  if (length != expected) return writeError(out, Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_LENGTH);
  const outcome = run(code, payload, length);
  if (resultOf(outcome) != Result.OK) return writeError(out, resultOf(outcome), detailOf(outcome));
  store<u16>(out, Result.OK);
  let size = WORKFLOW_SNAPSHOT_AT + writeSnapshot(out + WORKFLOW_SNAPSHOT_AT);
  if (code == Command.SET_PATIENT) {
    store<u8>(out + size, <u8>weightClassification);
    store<u8>(out + size + 1, <u8>bsaClassification);
    size += 2;
  } else if (checksProgram(code)) {
    // PCA_PROGRAM carries the PCA slots appended after the result too (issue 15, docs/abi.md §5.1).
    const resultSize: u32 = code == Command.PCA_PROGRAM ? <u32>RESULT_SIZE_WITH_PCA : <u32>RESULT_SIZE;
    for (let i: u32 = 0; i < resultSize; i++)
      store<u8>(out + WORKFLOW_RESULT_AT + i, load<u8>(<usize>RESULT_OFFSET + i));
    size = <u32>WORKFLOW_RESULT_AT + resultSize;
  } else if (code == Command.PCA_REQUEST || code == Command.PCA_CLINICIAN_BOLUS || code == Command.PCA_STATUS) {
    size += writePcaStatus(out + size);
  }
  return size;
}

function checksProgram(code: u32): bool {
  return (
    code == Command.PROGRAM ||
    code == Command.TITRATE ||
    code == Command.BOLUS ||
    code == Command.SECONDARY ||
    code == Command.PCA_PROGRAM
  );
}

/** The payload length a command needs; OVERRIDE's depends on the program it echoes (any of three). */
function expectedLength(code: u32, length: u32): u32 {
  switch (code) {
    case Command.GET_INFUSION:
    case Command.CANCEL:
    case Command.START:
    case Command.PAUSE:
    case Command.RESUME:
    case Command.STOP:
    case Command.ACK_ALARMS:
    case Command.PCA_REQUEST:
    case Command.PCA_STATUS:
      return 0;
    case Command.PCA_PROGRAM:
      return PCA_PROGRAM_PAYLOAD_SIZE;
    case Command.PCA_CLINICIAN_BOLUS:
      return PCA_CLINICIAN_BOLUS_PAYLOAD_SIZE;
    case Command.SELECT_CARE_AREA:
    case Command.SELECT_BASIC:
    case Command.SILENCE_ALARMS:
      return 1;
    case Command.SET_PATIENT:
      // The 8-byte payload of before issue 11 is still accepted (no confirmation, no age).
      return length == SET_PATIENT_PAYLOAD_SIZE_WITHOUT_CONFIRMATION
        ? SET_PATIENT_PAYLOAD_SIZE_WITHOUT_CONFIRMATION
        : SET_PATIENT_PAYLOAD_SIZE;
    case Command.SET_CONTAINER:
      return SET_CONTAINER_PAYLOAD_SIZE;
    case Command.REPORT_FLOW:
      return REPORT_FLOW_PAYLOAD_SIZE;
    case Command.PROGRAM:
    case Command.TITRATE:
      // The 36-byte block of before issue 11 is still accepted (no dose amount, no line access).
      return length == PROGRAM_PAYLOAD_SIZE_SHORT ? PROGRAM_PAYLOAD_SIZE_SHORT : PROGRAM_PAYLOAD_SIZE;
    case Command.BOLUS:
      return BOLUS_PAYLOAD_SIZE;
    case Command.SECONDARY:
      return length == SECONDARY_PAYLOAD_SIZE_SHORT ? SECONDARY_PAYLOAD_SIZE_SHORT : SECONDARY_PAYLOAD_SIZE;
    case Command.OVERRIDE: {
      const echo = length - 1;
      return echo == PROGRAM_PAYLOAD_SIZE ||
        echo == PROGRAM_PAYLOAD_SIZE_SHORT ||
        echo == BOLUS_PAYLOAD_SIZE ||
        echo == SECONDARY_PAYLOAD_SIZE ||
        echo == SECONDARY_PAYLOAD_SIZE_SHORT ||
        echo == PCA_PROGRAM_PAYLOAD_SIZE
        ? length
        : 1 + PROGRAM_PAYLOAD_SIZE;
    }
    default:
      return NOT_A_WORKFLOW_COMMAND;
  }
}

function run(code: u32, payload: usize, length: u32): u32 {
  switch (code) {
    case Command.GET_INFUSION:
      return Result.OK;
    case Command.SELECT_CARE_AREA:
      return selectCareArea(<u32>load<u8>(payload));
    case Command.SET_PATIENT:
      return length == SET_PATIENT_PAYLOAD_SIZE
        ? setPatientValues(
            <u64>load<u32>(payload),
            <u64>load<u32>(payload + 4),
            <u64>load<u32>(payload + 8),
            load<u32>(payload + 12),
          )
        : setPatientValues(<u64>load<u32>(payload), <u64>load<u32>(payload + 4), 0, AGE_NOT_ENTERED);
    case Command.SELECT_BASIC:
      return selectBasicInfusion(<u32>load<u8>(payload));
    case Command.PROGRAM:
      return programPrimary(payload, length);
    case Command.TITRATE:
      return programTitration(payload, length);
    case Command.BOLUS:
      return programBolus(payload);
    case Command.SECONDARY:
      return programSecondary(payload, length);
    case Command.OVERRIDE:
      return overridePending(<u32>load<u8>(payload), payload + 1, length - 1);
    case Command.CANCEL:
      return cancel();
    case Command.START:
      return start();
    case Command.PAUSE:
      return pause();
    case Command.RESUME:
      return resume();
    case Command.STOP:
      return stop();
    case Command.ACK_ALARMS:
      return acknowledgeAlarms();
    case Command.SILENCE_ALARMS:
      return silenceAlarms(<u32>load<u8>(payload));
    case Command.SET_CONTAINER:
      return setContainerVolume(<u64>load<u32>(payload), motorRateUlPerHour());
    case Command.REPORT_FLOW:
      // measured µL/h u32 | flags u8 | 3 reserved bytes 0
      if (load<u8>(payload + 5) != 0 || load<u16>(payload + 6) != 0)
        return refuse(Result.BAD_PAYLOAD, ErrorDetail.PAYLOAD_FIELD);
      return reportFlow(<u64>load<u32>(payload), <u32>load<u8>(payload + 4));
    case Command.PCA_PROGRAM:
      return programPca(payload);
    case Command.PCA_REQUEST:
      return pcaRequest();
    case Command.PCA_CLINICIAN_BOLUS:
      return pcaClinicianBolus(payload);
    case Command.PCA_STATUS:
      return Result.OK;
    default:
      return NO_OUTCOME;
  }
}

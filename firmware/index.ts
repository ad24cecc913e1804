import "./abi/abort";
import { Status } from "./abi/codes";
export function probe(): i32 { return Status.IMAGE_STRUCTURE; }
export const X: i64 = 9007199254740991;

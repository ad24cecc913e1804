// For TypeScript only (AssemblyScript has these types built in and never reads this file): the
// integer types the shared TS/AS subset of firmware/abi uses in function signatures
// (memory-profiles.ts). To a host they are plain numbers.
declare type i32 = number;

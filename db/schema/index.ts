export * from "./identity";
export * from "./system";
export * from "./board";
export * from "./search";

export const PREFIX = "hello";

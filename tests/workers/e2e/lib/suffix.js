export const suffix = "!";

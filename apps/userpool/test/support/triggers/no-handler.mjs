export const notAHandler = 42;

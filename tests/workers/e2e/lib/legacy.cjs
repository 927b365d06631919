// A CommonJS module.
const factor = 2;
module.exports = { double: (n) => n * factor };

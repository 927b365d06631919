// A CommonJS module.
const parts = ["common", "js"];
module.exports = {
  describe() {
    return parts.join("-");
  },
};

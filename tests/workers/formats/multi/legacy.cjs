const helper = require("./lib/helper.cjs");
const cfg = require("./config.json");
module.exports = { twice: (x) => helper.mul(x, 2), name: "cjs-" + cfg.answer + "-" + typeof require("greeting.txt") };

// jest's globalSetup: compile the command line from the current sources once, before any test
// spawns it or starts its worker threads (each would otherwise find the build stale and compile it).
module.exports = () => {
  require('../../scripts/build-cli.cjs').compiled('main.mjs');
};

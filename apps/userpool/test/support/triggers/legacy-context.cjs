// CommonJS with module.exports and the legacy context.succeed / context.fail of old Node.js Lambda runtimes.
module.exports = {
  handler(event, context) {
    if (event.userName === "nobody") return context.fail("legacy failure");
    event.response.autoVerifyEmail = true;
    context.succeed(event);
  },
};

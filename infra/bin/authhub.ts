import { buildApp } from "../src/app.js";

// Entry point for the CDK CLI (infra/cdk.json). Context values: docs/deploy.md.
buildApp();

const test = require('node:test');
const assert = require('node:assert');
const app = require('../app');

test('app is an express application', () => assert.ok(app.handle));

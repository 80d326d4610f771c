const request = require('supertest');
const app = require('../app');

test('creates a todo', async () => {
  const res = await request(app).post('/todos').send({ text: 'milk' });
  expect(res.status).toBe(201);
});

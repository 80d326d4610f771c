const express = require('express');
const router = express.Router();
const todos = [];

router.get('/', (req, res) => res.json(todos));
router.post('/', (req, res) => {
  todos.push({ id: todos.length + 1, text: req.body.text });
  res.status(201).json(todos[todos.length - 1]);
});

module.exports = router;

const http = require('http');

http.createServer((req, res) => res.end('web\n')).listen(3000);

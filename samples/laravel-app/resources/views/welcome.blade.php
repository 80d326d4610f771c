<!DOCTYPE html>
<html>
<head>@vite('resources/js/app.js')</head>
<body><h1>Shop</h1></body>
</html>

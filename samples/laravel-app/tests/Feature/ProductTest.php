<?php

test('home page loads', function () {
    $this->get('/')->assertOk();
});

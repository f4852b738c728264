create unique index orders_code_key on orders (code);

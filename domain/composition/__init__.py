"""Who sits where: persons, bodies and their rolls, posts and their holdings."""

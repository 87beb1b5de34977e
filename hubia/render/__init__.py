"""Render: Markdown to sanitised HTML, the theme's templates around it, links for the layout."""

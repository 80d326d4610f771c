var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/items", () => new[] { "tea", "coffee" });
app.Run();

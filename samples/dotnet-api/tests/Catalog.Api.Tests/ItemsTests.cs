public class ItemsTests
{
    [Fact]
    public void Lists() => Assert.True(true);
}

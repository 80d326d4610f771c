ActiveRecord::Schema[7.1].define(version: 2024_05_01_000000) do
  create_table "books" do |t|
    t.string "title"
  end
end
